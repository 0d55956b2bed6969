import Testing

@Test func placeholderFerryDelivery() {}
