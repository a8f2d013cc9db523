"""Pure rules: no I/O, no Qt, nothing of ours imported from above. Dates are passed in."""
