export default function NoConversationChosen() {
  return <p className="empty-state inbox-placeholder">Choose a conversation to read it and reply.</p>;
}
