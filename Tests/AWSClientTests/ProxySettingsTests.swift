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

  @Test func theUpperCaseNameWinsAndEmptyMeansUnset() throws {
    let settings = try ProxySettings(
      environment: AWSEnvironment(["HTTPS_PROXY": "http://a:1", "https_proxy": "http://b:2"]))
    #expect(settings.https == HTTPProxy(host: "a", port: 1))
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
