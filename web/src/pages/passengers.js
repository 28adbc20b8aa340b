// The passenger screens, one chunk that app.jsx loads when one of them is
// first opened.
export { AlertQueue, AlertDetail } from "./alerts.jsx";
export { Flights, FlightDetail } from "./flights.jsx";
export { Upload } from "./upload.jsx";
