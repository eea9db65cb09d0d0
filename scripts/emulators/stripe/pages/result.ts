// What a hosted page handler answers: HTML with a status, or a redirect after a form post.
export type PageResult = { status: number; html: string } | { redirect: string };
