// The tags in use in a workspace, for the tag filter's suggestions. A skip scan over the tag index
// reads one entry per distinct tag, so it stays fast however many contacts carry each tag.
import type { Tx } from "../../../db/transactions";

export async function listTags(tx: Tx, workspaceId: string, limit = 200): Promise<string[]> {
  const rows = await tx<{ tag: string }[]>`
    with recursive tags(tag) as (
      (select tag from contact_tags where workspace_id = ${workspaceId} order by tag limit 1)
      union all
      select (select t.tag from contact_tags t where t.workspace_id = ${workspaceId} and t.tag > tags.tag order by t.tag limit 1)
        from tags where tags.tag is not null
    )
    select tag from tags where tag is not null limit ${limit}`;
  return rows.map((row) => row.tag);
}
