// The signed-in user, their agency and roles, and the countries of the
// world as the server names them.
import { createContext } from "preact";
import { useContext } from "preact/hooks";

export const Session = createContext({ me: null, countries: [], byCode: new Map(), signedOut() {} });
export const useSession = () => useContext(Session);

export const hasRole = (me, ...roles) => !!me && roles.some((r) => (me.roles || []).includes(r));

// mayReport mirrors the server's policy: these roles write records;
// observers and administrators do not.
export const mayReport = (me) => hasRole(me, "officer", "ncb", "analyst", "prosecutor", "coordinator");

// mayRead mirrors policy.MayRead: these roles read operational data, the
// alert queue and passenger messages included; administrators do not.
export const mayRead = (me) => hasRole(me, "officer", "ncb", "analyst", "prosecutor", "coordinator", "observer");

// mayWork mirrors the server's check on recording an alert's outcome and
// on ingesting a passenger message (policy.MayWrite).
export const mayWork = mayReport;
