"""The SKM survey, the Evaluasi tab (tables and charts) and the evaluation report export."""
