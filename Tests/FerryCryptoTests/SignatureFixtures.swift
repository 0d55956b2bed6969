import FerryCrypto

// RSA and P-256 fixtures made once with the OpenSSL 3.0 CLI and embedded here; the private
// keys were discarded. Commands (msg.bin holds `signedMessage` below, no trailing newline):
//
//   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem
//   openssl pkey -in rsa.pem -pubout -out rsa_pub.pem
//   openssl dgst -sha256 -sign rsa.pem -out rsa_pkcs1.sig msg.bin
//   openssl dgst -sha256 -sign rsa.pem -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
//       -sigopt rsa_mgf1_md:sha256 -out rsa_pss32.sig msg.bin
//   openssl dgst -sha256 -sign rsa.pem -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:max \
//       -sigopt rsa_mgf1_md:sha256 -out rsa_pssmax.sig msg.bin
//   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024.pem   (then -pubout)
//   openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem      (then -pubout)
//   openssl dgst -sha256 -sign ec.pem -out ec.sig msg.bin
//   openssl pkey -pubin -in ec_pub.pem -outform DER | tail -c 65 | xxd -p   (the X9.63 point)
//   openssl asn1parse -in ec.sig -inform DER                                (r and s)
//   openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec384.pem   (then -pubout)
//
// Signatures are hex (`xxd -p`).
enum SignatureFixtures {
    static let signedMessage = Array(#"ferry test message: id.1700000000.{"a":1}"#.utf8)

    static let rsaPublicKeyPEM = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA7A6VZOFH24YGiWtYqf0G
        mVyCT2FIS4wd7BRU4f9JQ9nAz0wN1KAGpABQXzqup+PyJFDHb7bzIkkIIzsWLUpV
        4d8tBtW3XjAARETMAdt4/NnvNUT8/jPAQfUFI6XqjMxDmh83QE8gmJANyXrWbqt6
        JI+aSxJ+Tzm52aFQMf5/5xShciuh121xBMsr8ri1CY62UvBKH6DoBNOaMLBtyrcE
        h686QE0iTzAoPdQucfcoVSR7hqH8HWtZQBcl7x9gMRGrgl+gCYrocDrGOClSPDWm
        23z1yhS2WDnDRUO2LGzgXcP7+ZKl/zt2d0rzyOaXxk7Opkd77I3eJzgIGcu84Rqf
        KQIDAQAB
        -----END PUBLIC KEY-----
        """

    static let rsaPKCS1Signature = bytes(hex:
        "66d1601b7a8e552a273d913e2c534ef60fe2bfe928dafc25599256ebd5be3fd68b5f6cb9d2d3d9f0200117b25ab6bb64"
        + "60034519ac245356360d5ac1c44d472f0dbe6b291ea063bd7a9f2e74dd9309d9e1258bf6dd176f9f42743278ad2ee73c"
        + "1847acd97c2c5dcd25e88078ab861d420457cabef4d56c2738a568d4b6db8d4bc65917349446918eba7ea80bb6692786"
        + "792cfec9f78361e12ccae1ab7cf2d7f6950c68e3fde83af1060b4a376fb8da4e52ad659287707b829041d3cb78c539fa"
        + "06e3b89d267fc9cf8d3082e56d317794cf9e418f1d0a2903da3e99da7247130be115a1123a068ef2fb645e98153f90c7"
        + "1aee8bea98297444f669327b7298ce9d")

    static let rsaPSSDigestSaltSignature = bytes(hex:
        "8326d2ae2e5b58319b6c98345854a946851c9378c17beb7c4987c9c2cadef2ab279b031cb177f0944382fb5ea10717a5"
        + "7efaf31250a71e32ec001a4802ad9a14957d1c0bbd58a0c0a9c730dde9b79bcd806a370c478f0d14531a9a734308e1cb"
        + "b8f3bc5be348cafc3757670f5de7dd577478ab70cb46e2a78f54f90f85bc7914eb7a8225e76c82c38a4a148af62c5b0f"
        + "3727948b1280efb619ca969420163570bd5ee98b45f136407e29b46f0fa66ca37f20f76bd524c15d119b15e85d687b18"
        + "bd20ffa2c642e95bb92e2686db24080f703ebe5c74ac6f3c5d22554f6ba339e83c9cf0aac27e56d86fc7136235beb32e"
        + "feefe11a577eb994846479255a9c87b9")

    static let rsaPSSMaxSaltSignature = bytes(hex:
        "089a1131896ab7b15b71187e7f06502c3e09cf964f958dc1f838a157b8b0fd97d61bea4ad70d922884e2f37b3fbba2ba"
        + "dd864a5712db090e52160bbc39497b5898a289376ec3effafbbd7e5ba0846c564a08d6add4bdbe7ffaf4d276441de2be"
        + "95d40cf642d296774412b37fae31779f6002342adad410c0f6638d31825cad2b7ad0033dd887b23c5f5c52897a2c4a5b"
        + "7932b79463d0fccfbe720b5201af26ba30d3a1c106468f1453dd2ac5ccb301eb7d38e7c8a3165c9fd44b40504fa50077"
        + "061fe4e9d8e647e50fdf3022aacc93b2f25886ae105688dae6315e46e4097cdd1ca68cd074a811cb463c94d78a15a535"
        + "47f68f1d902a1d138233c9c2651ecf92")

    static let rsa1024PublicKeyPEM = """
        -----BEGIN PUBLIC KEY-----
        MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDdQmFU1wEXP1QHYZOQCYOkd3l0
        3u7A4CDxKENKB1s09BmtntpD73+6rNCHHbutXTunlcJ4YD4QaFHJErNcK4jvFi75
        GhTR8STaHxTBQ1infq9V2Czanm/AR4yHI61REAFMv4+sVCJUylMDKhrviMqBoFs0
        mdbdVCqwDqjWacFTJwIDAQAB
        -----END PUBLIC KEY-----
        """

    static let p256PublicKeyPEM = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAELoBIbTQKfCoCdk5+dJNDWW2M7Ldu
        lebqekjEsEjSEIB0GbunOVyBmLMfGTaPRWEpK3IkYh7vdAh39ESwwg7CSg==
        -----END PUBLIC KEY-----
        """

    static let p256X963 = bytes(hex:
        "042e80486d340a7c2a02764e7e749343596d8cecb76e95e6ea7a48c4b048d21080"
        + "7419bba7395c8198b31f19368f4561292b7224621eef740877f444b0c20ec24a")

    static let p256DERSignature = bytes(hex:
        "3045022100985d9a3e24ede882f89e8c692feeee87f07e1fe81ed53055d4e8fb56962523ab"
        + "02206eaea2ddd5d73aba41a7f91cb2df60245d3367449a717f2cedff2bec3cf10ed1")

    static let p256RawSignature = bytes(hex:
        "985d9a3e24ede882f89e8c692feeee87f07e1fe81ed53055d4e8fb56962523ab"
        + "6eaea2ddd5d73aba41a7f91cb2df60245d3367449a717f2cedff2bec3cf10ed1")

    static let p384PublicKeyPEM = """
        -----BEGIN PUBLIC KEY-----
        MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE5aPMIZ2OVdli9sTfjDv4sqS9ONJcnea3
        PVrkc6jWrogON77Z3C0EYu4vifQeFNHwZA0Z2EgqjqTItPuSC20Unkkf4T+M4PhT
        MXe5oWkYtrW+ISjrxiSg47VZwcWPy8uz
        -----END PUBLIC KEY-----
        """

    /// The DER body of a PEM block, decoded with the strict codec.
    static func der(fromPEM pem: String) throws -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return try Base64.decode(body)
    }
}
