// The ferry CLI.
