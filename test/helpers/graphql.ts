import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type GraphQLFormattedError } from "graphql";

export interface Result<R> {
  status: number;
  data?: R | null;
  errors?: GraphQLFormattedError[];
  /** The whole response body as text, for checks that nothing secret is in it. */
  text: string;
}

/** POSTs a typed operation over real HTTP; variables and data come back typed. */
export async function execute<R, V>(
  url: string,
  document: TypedDocumentNode<R, V>,
  variables?: V,
  headers: Record<string, string> = {},
): Promise<Result<R>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: R; errors?: GraphQLFormattedError[] };
  return { status: res.status, data: body.data, errors: body.errors, text };
}
