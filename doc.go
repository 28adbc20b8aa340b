// Package meridian is the domain of Meridian, the platform a multinational
// operation against human trafficking and migrant smuggling runs on:
// operations, agencies, users, and the records that hold personal data
// (persons, documents, events, cases), each carrying its owner, handling
// and releasability; the service interfaces the adapters implement; and
// the one error type. It imports no adapter: storage, HTTP and the event
// bus live in packages named after their technology.
package meridian
