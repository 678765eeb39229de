import Foundation
import LocalHTTP
import Testing

@testable import AWSClient

@Suite("proxies from the environment, as curl and the AWS CLI read them")
struct ProxySettingsTests {
  @Test func httpsAndHTTPEachHaveTheirOwnVariable() throws {
    let settings = try ProxySettings(
      environment: AWSEnvironment([
        "HTTPS_PROXY": "http://proxy.corp:3128", "http_proxy": "plain.corp",
      ]))
    #expect(
      settings.proxy(host: "cloudformation.eu-west-1.amazonaws.com", secure: true)
        == HTTPProxy(host: "proxy.corp", port: 3128))
    // No scheme means http://, no port means 80 (urllib3's reading).
    #expect(
      settings.proxy(host: "169.254.169.254", secure: false)
        == HTTPProxy(host: "plain.corp", port: 80))
  }

  @Test func theLowerCaseNameWinsAndEmptyMeansUnset() throws {
    let settings = try ProxySettings(
      environment: AWSEnvironment(["HTTPS_PROXY": "http://a:1", "https_proxy": "http://b:2"]))
    #expect(settings.https == HTTPProxy(host: "b", port: 2))
    let none = try ProxySettings(environment: AWSEnvironment(["HTTPS_PROXY": ""]))
    #expect(none.https == nil && none.http == nil)
  }

  @Test func noProxyMatchesHostsAndDomainSuffixes() throws {
    let settings = try ProxySettings(
      environment: AWSEnvironment([
        "HTTPS_PROXY": "http://p:8080", "NO_PROXY": "localhost, .internal.corp,S3.amazonaws.com",
      ]))
    #expect(settings.proxy(host: "localhost", secure: true) == nil)
    #expect(settings.proxy(host: "a.internal.corp", secure: true) == nil)
    #expect(settings.proxy(host: "internal.corp", secure: true) == nil)
    #expect(settings.proxy(host: "bucket.s3.amazonaws.com", secure: true) == nil)
    #expect(settings.proxy(host: "notinternal.corp", secure: true) != nil)
    #expect(settings.proxy(host: "sts.amazonaws.com", secure: true) != nil)
    let all = try ProxySettings(
      environment: AWSEnvironment(["HTTPS_PROXY": "http://p:8080", "no_proxy": "*"]))
    #expect(all.proxy(host: "sts.amazonaws.com", secure: true) == nil)
  }

  @Test func credentialsInTheURLBecomeBasicAuthorization() throws {
    let settings = try ProxySettings(
      environment: AWSEnvironment(["HTTPS_PROXY": "http://me%40corp:s%3Acret@p:3128"]))
    // base64("me@corp:s:cret")
    #expect(settings.https?.authorization == "Basic bWVAY29ycDpzOmNyZXQ=")
    // Decoded once: `%2541` is the text `%41`. base64("u:%41")
    let literal = try ProxySettings(
      environment: AWSEnvironment(["HTTPS_PROXY": "http://u:%2541@p"]))
    #expect(literal.https?.authorization == "Basic dTolNDE=")
  }

  @Test func loopbackIsNeverProxied() throws {
    let settings = try ProxySettings(environment: AWSEnvironment(["HTTPS_PROXY": "http://p:1"]))
    for host in ["127.0.0.1", "localhost", "::1", "127.1.2.3"] {
      #expect(settings.proxy(host: host, secure: true) == nil, "\(host)")
    }
  }

  @Test func aProxyPasswordNeverAppearsInAMessage() {
    #expect(
      throws: AWSClientError.invalidConfiguration(
        "HTTPS_PROXY https://***@p:3128: only http:// proxies are supported (the tunnel carries TLS)"
      )
    ) {
      try ProxySettings(environment: AWSEnvironment(["HTTPS_PROXY": "https://me:secret@p:3128"]))
    }
  }

  @Test(arguments: [
    (
      "https://p:3128",
      "HTTPS_PROXY https://p:3128: only http:// proxies are supported (the tunnel carries TLS)"
    ),
    ("http://", "HTTPS_PROXY http:// is not a proxy URL"),
  ])
  func anUnusableProxyIsAConfigurationError(value: String, message: String) {
    #expect(throws: AWSClientError.invalidConfiguration(message)) {
      try ProxySettings(environment: AWSEnvironment(["HTTPS_PROXY": value]))
    }
    #expect(throws: AWSClientError.invalidConfiguration(message)) {
      try AWSConfiguration.resolve(
        AWSClientOptions(
          region: "eu-west-1", environment: AWSEnvironment(["HTTPS_PROXY": value]),
          fileSystem: .inMemory([:])))
    }
  }
}
