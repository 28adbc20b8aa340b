// The administration screens (operations administration, invitations,
// agencies, the audit log, risk rules), one chunk that app.jsx loads when
// one of them is first opened.
export { ManageOperations, ManageOperation } from "./opsadmin.jsx";
export { Invitations } from "./invitations.jsx";
export { Agencies } from "./agencies.jsx";
export { AuditLog } from "./audit.jsx";
export { Rules, RuleEdit } from "./rules.jsx";
