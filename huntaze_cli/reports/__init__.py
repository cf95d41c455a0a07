"""`huntaze report`: performance reports as one offline HTML page, Markdown with SVG charts, or JSON."""
