package operation

// Apportion exposes apportion to the external tests.
var Apportion = apportion
