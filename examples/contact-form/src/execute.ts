import type { TypedDocumentString } from "./gql/graphql.js";

export interface GraphQLResponse<R> {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string; field?: string[] } }[];
}

/** POSTs a typed document: the compiler checks the variables against the operation, and `data` comes back typed. */
export async function execute<R, V>(endpoint: string, document: TypedDocumentString<R, V>, variables: V): Promise<GraphQLResponse<R>> {
  const response = await fetch(endpoint, {
    method: "POST",
    // JSON, which Apollo's CSRF prevention requires (and which makes a cross-origin call preflighted).
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  return (await response.json()) as GraphQLResponse<R>;
}
