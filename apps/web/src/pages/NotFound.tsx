import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <Stack align="flex-start">
      <Title order={1} size="h2">Page not found</Title>
      <Text>There is nothing at this address, or it is outside what your role lets you see.</Text>
      <Button component={Link} to="/">Back to the overview</Button>
    </Stack>
  );
}
