import Testing

@Test func ferryServiceBuilds() {}
