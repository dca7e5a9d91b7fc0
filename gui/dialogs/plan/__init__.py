"""Analysis > Recommend a plan…: the plan window and its parts."""
