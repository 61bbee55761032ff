-- Reserved for a feature being built; filled in by its own change.
SELECT 1;
