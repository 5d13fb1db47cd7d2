"""The one exception users see: a message naming the field, the bad value and what is allowed."""


class UserError(ValueError):
    """Bad input (props, values file). Raised before any object is built."""
