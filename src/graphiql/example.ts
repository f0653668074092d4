// What GraphiQL opens with: one tab that creates a contact in the registry's first provider (it
// succeeds against the sandbox simulators) and one that lists what each provider needs. Shown only
// on first visit: GraphiQL keeps the user's own tabs in the browser's localStorage after that.
import { providerList } from "../providers/index.js";

const featured = providerList[0];
/** The example mutation's operation name: the browser test waits for it. */
export const EXAMPLE_OPERATION = `Create${featured.label.replace(/\W/g, "")}Contact`;

export interface ExampleTab {
  query: string;
  variables?: string;
}

const CREATE_CONTACT = `# Create a contact in ${featured.label}: press ▶ (Ctrl-Enter).
# In sandbox mode (npm start, no provider set)
# nothing real is created: ids start sandbox_.
# Next tab: what providers need. Docs: top left.
mutation ${EXAMPLE_OPERATION}($input: CreateContactInput!) {
  createContact(provider: ${featured.id}, input: $input) {
    contact {
      id
      provider
      providerId
      fullName
      emails { address }
      phones { number }
      addresses { line1 city postalCode countryCode }
      createdAt
    }
    userErrors { field message code }
    warnings { field message code }
  }
}
`;

const CREATE_CONTACT_VARIABLES = {
  input: {
    firstName: "Ada",
    lastName: "Lovelace",
    emails: [{ address: "ada.lovelace@example.com" }],
    phones: [{ number: "+44 20 7946 0958" }],
    addresses: [{ line1: "12 St James's Square", city: "London", postalCode: "SW1Y 4JH", countryCode: "GB" }],
    ...(featured.docs.exampleOptions && { [featured.optionsKey]: featured.docs.exampleOptions }),
  },
};

const CONTACT_PROVIDERS = `# Per provider: configured or sandbox, the unified
# input fields it requires and those it can store.
query ContactProviders {
  contactProviders {
    provider
    configured
    sandbox
    requiredFields
    supportedFields
  }
}
`;

export const EXAMPLE_TABS: ExampleTab[] = [
  { query: CREATE_CONTACT, variables: JSON.stringify(CREATE_CONTACT_VARIABLES, null, 2) },
  { query: CONTACT_PROVIDERS },
];

/** The example's email: the browser test looks for it in the result panel. */
export const EXAMPLE_EMAIL = CREATE_CONTACT_VARIABLES.input.emails[0].address;
