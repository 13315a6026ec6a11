"""From diagnosis to plan: stockpile sizing, second-source licensing, recycling,
substitutes and security-of-supply arrangements as levers of the volume model
(``docs/planning.md``)."""
