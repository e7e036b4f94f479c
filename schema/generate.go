package schema

//go:generate go run ./internal/gen/gentables -data data/exiftool.tsv -overrides data/overrides.tsv -o tables_gen.go
