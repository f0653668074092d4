import { ContactProvider } from "../graphql/enums.js";
import { alloy } from "./alloy/index.js";
import { gomobile } from "./gomobile/index.js";
import { masivo } from "./masivo/index.js";
import { stackone } from "./stackone/index.js";
import { stora } from "./stora/index.js";
import type { ProviderDefinition } from "./types.js";

/** The one list of providers. The Record type makes the compiler check it is complete. */
export const providers: Record<ContactProvider, ProviderDefinition<any>> = {
  [ContactProvider.STORA]: stora,
  [ContactProvider.MASIVO]: masivo,
  [ContactProvider.STACKONE]: stackone,
  [ContactProvider.GOMOBILE]: gomobile,
  [ContactProvider.ALLOY]: alloy,
};

export const providerList: ProviderDefinition<any>[] = Object.values(providers);
