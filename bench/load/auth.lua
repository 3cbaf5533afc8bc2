-- pusher-js's auth request: a form-encoded POST.
wrk.method = "POST"
wrk.body = "socket_id=123456.7890123&channel_name=private-bench"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
