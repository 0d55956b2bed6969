import Testing

@Test func ferryHTTPBuilds() {}
