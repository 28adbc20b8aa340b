// Meridian's browser UI: sign in, pick an operation, follow it live,
// report from the field and read the results.
import { render } from "preact";
import { App } from "./app.jsx";
import "./app.css";

render(<App />, document.getElementById("app"));
