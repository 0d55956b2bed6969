import Testing

@Test func placeholderFerryEvents() {}
