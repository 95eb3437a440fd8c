"""The web application behind `compliance serve`: upload pages and a JSON API over the same pipeline.

Modules: `pipeline` (the only door into the rest of compliance), `settings` (options and their
limits), `uploads` and `downloads` (file names, sizes, download bodies), `workers` (the check
process pool), `store` (results kept briefly for the download buttons), `service` (one request's
checks), `render` (Jinja2 pages), `middleware` and `app` (Starlette), `server` (uvicorn) and
`command` (starts the server; the options of `compliance serve` are in compliance.cli.serve).
Importing this package imports nothing else.
"""
