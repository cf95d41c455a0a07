"""The endpoints, one module per group; each route calls the same core function as its command."""
