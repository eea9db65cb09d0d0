// A template's status, category and Meta's rejection reasons in words people read, shared by the
// template list and the template page.

const statusLabels: Record<string, string> = {
  APPROVED: "Approved",
  PENDING: "In review",
  REJECTED: "Rejected",
  PAUSED: "Paused",
  DISABLED: "Disabled",
  IN_APPEAL: "In appeal",
  PENDING_DELETION: "Being deleted",
  ARCHIVED: "Archived",
  LIMIT_EXCEEDED: "Over the template limit",
};

/** The status as the badge shows it; a status Meta adds later shows as Meta spells it. */
export function statusLabel(status: string): string {
  return statusLabels[status] ?? status;
}

/** Whether Meta still has to decide, so pages keep checking for its answer. */
export function awaitingReview(status: string): boolean {
  return status === "PENDING" || status === "IN_APPEAL";
}

const rejectionReasons: Record<string, string> = {
  INVALID_FORMAT: "The variables or their sample values are not formatted the way Meta expects",
  ABUSIVE_CONTENT: "Meta found the content abusive or against its policies",
  PROMOTIONAL: "Meta considers the content promotional; submit it as a marketing template",
  INCORRECT_CATEGORY: "The content does not fit the chosen category",
  TAG_CONTENT_MISMATCH: "The content does not match the chosen category or language",
  SCAM: "Meta suspects the template could be used to deceive people",
};

/** Why Meta refused a template, in plain words followed by Meta's own code. */
export function rejectionReason(reason: string): string {
  const words = rejectionReasons[reason];
  return words ? `${words} (${reason})` : `Meta gave the reason ${reason}`;
}

/** MARKETING → Marketing. */
export function categoryLabel(category: string): string {
  return category.charAt(0) + category.slice(1).toLowerCase();
}

const qualityLabels: Record<string, string> = { GREEN: "High", YELLOW: "Medium", RED: "Low" };

/** Meta's quality rating as WhatsApp Manager words it; unrated until customers have received it. */
export function qualityLabel(score: string | null): string {
  return (score && qualityLabels[score]) ?? "Not rated yet";
}
