import Foundation
import FixtureSupport

/// docs/report.schema.json, and a check of JSON documents against it with Debian's
/// python3-jsonschema (scripts/install-deps), not whatever python3 is first on PATH.
enum ReportSchema {
    static let path = Fixture.fixturesRoot.deletingLastPathComponent()
        .appendingPathComponent("docs/report.schema.json").path

    /// Checks the schema itself, then every document at `paths`: status 0 when all are
    /// valid, else 1 with one line per error on standard output.
    static func validate(_ paths: [String]) throws -> Command.Result {
        let validator = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            failed = 0
            for path in sys.argv[2:]:
                for error in validator.iter_errors(json.load(open(path))):
                    failed += 1
                    print(path, list(error.absolute_path), error.message[:200])
            sys.exit(1 if failed else 0)
            """
        return try Command.capture("/usr/bin/python3", ["-c", validator, path] + paths)
    }
}
