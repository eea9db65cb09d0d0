// The deletion request's status machine: statuses only move forward, along these edges.
export const deletionStatuses = ["unverified", "pending_review", "approved", "denied", "in_progress", "completed"] as const;
export type DeletionStatus = (typeof deletionStatuses)[number];

const next: Record<DeletionStatus, readonly DeletionStatus[]> = {
  unverified: ["pending_review"],
  pending_review: ["approved", "denied"],
  approved: ["in_progress"],
  denied: [],
  in_progress: ["completed"],
  completed: [],
};

export function canMove(from: DeletionStatus, to: DeletionStatus): boolean {
  return next[from].includes(to);
}

export const openStatuses: readonly DeletionStatus[] = ["unverified", "pending_review", "approved", "in_progress"];

export const statusLabels: Record<DeletionStatus, string> = {
  unverified: "Waiting for email confirmation",
  pending_review: "Confirmed, waiting for review",
  approved: "Approved, deletion scheduled",
  denied: "Denied",
  in_progress: "Deletion in progress",
  completed: "Completed: the data was deleted",
};
