"""The weekly-plan scheduler: a pure library (no Django, no other Wijkwerk module; .importlinter), given
orders, people and days, returns assignments that keep every hard rule, with the solver's gap and a reason for
each order it could not place."""
