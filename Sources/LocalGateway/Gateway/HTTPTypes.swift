import LocalHTTP

// The local cloud's HTTP types (not AWSClient's, which share the names).
typealias HTTPRequest = LocalHTTP.HTTPRequest
typealias HTTPResponse = LocalHTTP.HTTPResponse
