-- A Pusher webhook delivery, signed by run-load.sh (WEBHOOK_BODY, WEBHOOK_SIGNATURE, WEBHOOK_KEY).
wrk.method = "POST"
wrk.body = os.getenv("WEBHOOK_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Pusher-Key"] = os.getenv("WEBHOOK_KEY")
wrk.headers["X-Pusher-Signature"] = os.getenv("WEBHOOK_SIGNATURE")
