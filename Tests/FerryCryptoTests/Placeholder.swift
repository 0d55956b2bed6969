import Testing

@Test func ferryCryptoBuilds() {}
