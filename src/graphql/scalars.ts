// The scalars come from graphql-scalars: validation and error messages that every GraphQL
// developer already knows, rather than hand-written regular expressions.
export {
  CountryCodeResolver as CountryCode,
  DateTimeResolver as DateTime,
  JSONObjectResolver as JSONObject,
  LocalDateResolver as LocalDate,
} from "graphql-scalars";
