// Pages loaded when first opened, as a chunk of their own, so that the
// field officer's first screen does not wait for screens they may never
// open. preact/compat's lazy and Suspense would do the same for more bytes.
import { useEffect, useState } from "preact/hooks";
import { Loading, Problem } from "./common.jsx";

// lazyPage returns a page component that loads module (a function that
// imports it) and renders its export name. A failed load (offline, a
// build replaced meanwhile) is shown with a retry.
export function lazyPage(load, name) {
  let mod = null;
  let pending = null;
  const fetch = () => {
    if (!pending) {
      pending = load().then(
        (m) => (mod = m),
        (err) => {
          pending = null;
          throw err;
        },
      );
    }
    return pending;
  };
  function LazyPage(props) {
    const [m, setM] = useState(mod);
    const [error, setError] = useState(null);
    const [tries, setTries] = useState(0);
    useEffect(() => {
      if (m) return;
      let live = true;
      fetch().then(
        (x) => live && setM(x),
        (err) => live && setError(err),
      );
      return () => {
        live = false;
      };
    }, [tries]);
    if (error)
      return (
        <Problem
          error={error}
          onRetry={() => {
            setError(null);
            setTries((n) => n + 1);
          }}
        />
      );
    if (!m) return <Loading />;
    const Page = m[name];
    return <Page {...props} />;
  }
  LazyPage.displayName = "Lazy(" + name + ")";
  return LazyPage;
}
