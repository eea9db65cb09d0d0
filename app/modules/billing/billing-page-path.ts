// Where a workspace's billing page lives: the target of every upgrade link and lockout redirect.
export function billingPagePath(workspaceSlug: string): string {
  return `/w/${workspaceSlug}/settings/billing`;
}
