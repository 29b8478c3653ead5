"""Built-in rules, one module each; ``filmlint.registry`` lists and loads them."""
