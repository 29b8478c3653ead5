"""Front matter: splitting it from the body, parsing its YAML with limits, the values of
scalars, and the source map from a data path to a span of text."""
