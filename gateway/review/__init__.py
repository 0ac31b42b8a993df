"""What people do with orders the gateway held: the review actions, the order state table, page
images with field boxes.
"""
