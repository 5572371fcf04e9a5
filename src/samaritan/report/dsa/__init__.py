"""EU Digital Services Act statements of reasons for the DSA Transparency Database."""
