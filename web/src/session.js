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
