"""Search everything: any request of any year from the queue's search (ui/search/actions.py)."""
