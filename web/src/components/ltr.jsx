// Ltr isolates a left-to-right value (a code, coordinates, a reference, a
// legal citation, a flight number) from the bidirectional algorithm, so
// that in Arabic "4.895, 52.37" is not shown as "52.37 ,4.895": a <bdi>
// with dir="ltr", which both isolates and sets the direction.
export function Ltr({ children, ...props }) {
  return (
    <bdi dir="ltr" {...props}>
      {children}
    </bdi>
  );
}
