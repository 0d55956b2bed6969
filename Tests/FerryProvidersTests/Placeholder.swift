import Testing

@Test func placeholderFerryProviders() {}
