import Testing

@Test func ferryIOBuilds() {}
