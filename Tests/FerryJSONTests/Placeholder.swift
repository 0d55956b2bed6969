import Testing

@Test func placeholderFerryJSON() {}
