"""The search box and what follows it: queries as you type, the query help, the month
histogram."""
