"""`huntaze serve`: the seed's endpoints over HTTP (FastAPI on uvicorn, the `serve` extra), on the same core as
the command line. Nothing here is imported unless `huntaze serve` runs."""
