// What a Graph API error code means for a campaign message: whether to slow down and retry, retry
// later, give up on this recipient, or stop the campaign, with the explanation and the advice the
// campaign's failure report shows. One table, used by the sender, the webhook and the report.

export type SendErrorAction =
  /** The number's or the recipient's rate was exceeded: back off, then send again. */
  | "throttle"
  /** A transient fault at Meta: send again after a pause. */
  | "retry"
  /** This recipient cannot get this message; sending it again will not help. */
  | "fail-message"
  /** The connection itself is broken (an expired token): pause and tell an admin. */
  | "pause-campaign"
  /** The template cannot be sent to anyone: fail the campaign with this reason. */
  | "fail-campaign";

export interface SendErrorMeaning {
  action: SendErrorAction;
  /** May "Retry failed messages" send it again later (when the cause may have passed)? */
  retryable: boolean;
  explanation: string;
  advice: string;
}

const meanings: Record<number, SendErrorMeaning> = {
  190: { action: "pause-campaign", retryable: true, explanation: "The access token has expired or was revoked.", advice: "Paste a new permanent token in WhatsApp settings, then resume the campaign." },
  130429: { action: "throttle", retryable: true, explanation: "The phone number's sending rate was exceeded.", advice: "Nothing to do: sending slows down and continues." },
  131056: { action: "throttle", retryable: true, explanation: "Too many messages went to this recipient in a short time.", advice: "Nothing to do: the message is sent again after a pause." },
  131000: { action: "retry", retryable: true, explanation: "Meta could not send the message because of an unknown error.", advice: "Retry the failed messages later." },
  131016: { action: "retry", retryable: true, explanation: "WhatsApp was temporarily unavailable.", advice: "Retry the failed messages later." },
  131026: { action: "fail-message", retryable: false, explanation: "The message could not be delivered: the number may not be on WhatsApp, or its app is out of date.", advice: "Check the number with the contact, or remove it from your list." },
  131047: { action: "fail-message", retryable: false, explanation: "More than 24 hours have passed since the customer last wrote; only templates may be sent.", advice: "Send an approved template instead." },
  131049: { action: "fail-message", retryable: true, explanation: "Meta held the message back to keep engagement healthy (the recipient got many marketing messages lately).", advice: "Retry in a day or more, or send fewer marketing messages to this contact." },
  131050: { action: "fail-message", retryable: false, explanation: "The recipient has stopped marketing messages from your business.", advice: "Do not send marketing messages to this contact." },
  131051: { action: "fail-message", retryable: false, explanation: "This message type is not supported.", advice: "Use a supported template." },
  131053: { action: "fail-message", retryable: false, explanation: "The header media could not be uploaded or downloaded.", advice: "Use a reachable media URL of a supported type and size." },
  131062: { action: "fail-message", retryable: false, explanation: "This message cannot be sent to a recipient known only by a WhatsApp user id.", advice: "Ask the contact for their phone number." },
  132000: { action: "fail-campaign", retryable: false, explanation: "The number of template variables does not match the template.", advice: "Map every variable of the template, then duplicate the campaign." },
  132001: { action: "fail-campaign", retryable: false, explanation: "The template does not exist in this language (it may have been deleted).", advice: "Sync templates and pick an approved one." },
  132005: { action: "fail-message", retryable: false, explanation: "The text with its variables filled in is too long.", advice: "Shorten the values of this contact's variables." },
  132012: { action: "fail-campaign", retryable: false, explanation: "A variable's format does not match the template (for example text where media is expected).", advice: "Check the header media and the variables, then duplicate the campaign." },
  132015: { action: "fail-campaign", retryable: false, explanation: "Meta paused the template because of low quality.", advice: "Edit the template or pick another one." },
  132016: { action: "fail-campaign", retryable: false, explanation: "Meta disabled the template.", advice: "Pick another template." },
  132018: { action: "fail-message", retryable: false, explanation: "A variable's value is not allowed (for example a new line or too many spaces).", advice: "Fix this contact's attribute values." },
  134100: { action: "fail-campaign", retryable: false, explanation: "Only marketing templates can go through the Marketing Messages API.", advice: "Sync templates: the template's category changed." },
  134101: { action: "fail-campaign", retryable: false, explanation: "The template is not ready for the Marketing Messages API yet.", advice: "Wait a few minutes, or turn the Marketing Messages API off in WhatsApp settings." },
};

const unknownMeaning: SendErrorMeaning = { action: "fail-message", retryable: true, explanation: "Meta refused the message.", advice: "Retry the failed messages; if it keeps failing, check the error code in Meta's documentation." };

export function classifySendError(code: number): SendErrorMeaning {
  return meanings[code] ?? unknownMeaning;
}
